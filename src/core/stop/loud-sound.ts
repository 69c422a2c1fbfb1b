/**
 * When a sound is loud enough to stop a session: the pure decision behind "a loud sound stops it".
 *
 * The app layer measures the microphone's level in short windows (about 10 ms each) and feeds each
 * one here with its time on the audio clock. Nothing else of the sound exists here: no samples, no
 * words, only a level in decibels relative to full scale (dBFS).
 *
 * The rules:
 * 1. Calibration: the first CALIBRATION_MS of a session learns the room. Its median level is the
 *    room's noise; the median ignores a cough or a door in those seconds.
 * 2. The threshold is the room's noise plus a margin, kept between a floor and a ceiling.
 * 3. A stop needs an onset: the level is at or above the threshold AND well above the recent
 *    background (a slow running average), for a short run of windows. A fan, traffic or a washing
 *    machine that rises slowly moves the background with it and never stops the session; a shout,
 *    a clap or "stop!" rises within milliseconds and does.
 *
 * Every number below is a judgment: no standard gives an acoustic stop threshold for this use. A
 * false stop is always safe (nothing restarts by itself), so the numbers lean towards stopping.
 */
export const LOUD_SOUND = {
  /** Judgment: long enough to hear a room's steady noise, short enough to be done in the soft start. */
  calibrationMs: 1500,
  /** Judgment: a raised voice or a clap is 20-40 dB above a quiet room; 15 dB leaves a normal voice a little below. */
  marginDb: 15,
  /** Judgment: in a silent room, rustling bedding (about -55 dBFS on a phone) must not stop. */
  floorDb: -45,
  /** Judgment: in a loud room a shout still gets through; a phone's microphone clips near 0 dBFS. */
  ceilingDb: -12,
  /** Judgment: an onset is this far above the background, which a slowly rising noise never gets. */
  onsetRiseDb: 12,
  /** Judgment: the background follows a change in the room with this half-life. */
  backgroundHalfLifeMs: 1000,
  /** Judgment: two 10 ms windows; a single click of the microphone's own electronics is shorter. */
  minLoudMs: 15,
} as const;

export type LoudSoundSettings = { readonly [K in keyof typeof LOUD_SOUND]: number };

/** One measured window: its end on the audio clock (ms) and its RMS level (0..1, linear). */
export interface LevelFrame {
  readonly at: number;
  readonly rms: number;
}

export type LoudSoundPhase = 'calibrating' | 'listening' | 'heard';

export interface LoudSoundState {
  readonly phase: LoudSoundPhase;
  readonly startedAt: number | null;
  /** Levels heard while calibrating (dBFS); emptied once the threshold is set. */
  readonly calibration: readonly number[];
  readonly roomDb: number | null;
  readonly thresholdDb: number | null;
  /** The running background, as power (rms squared), so averaging is of energy, not of decibels. */
  readonly backgroundPower: number | null;
  readonly lastAt: number | null;
  /** When the stop was decided, and when the sound that caused it began (while loud: when the loud run began). */
  readonly heardAt: number | null;
  readonly onsetAt: number | null;
  /** The latest level (dBFS): for the listening indicator. */
  readonly levelDb: number;
}

/** Silence, in dBFS: the level of a window of zeros (log of 0 is -Infinity, which JSON cannot carry). */
export const SILENCE_DB = -120;

export function toDb(rms: number): number {
  return rms > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(rms)) : SILENCE_DB;
}

function fromDb(db: number): number {
  return 10 ** (db / 10);
}

export function initialLoudSound(): LoudSoundState {
  return {
    phase: 'calibrating',
    startedAt: null,
    calibration: [],
    roomDb: null,
    thresholdDb: null,
    backgroundPower: null,
    lastAt: null,
    heardAt: null,
    onsetAt: null,
    levelDb: SILENCE_DB,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? SILENCE_DB)
    : ((sorted[middle - 1] ?? SILENCE_DB) + (sorted[middle] ?? SILENCE_DB)) / 2;
}

export function thresholdFor(roomDb: number, settings: LoudSoundSettings = LOUD_SOUND): number {
  return Math.min(settings.ceilingDb, Math.max(settings.floorDb, roomDb + settings.marginDb));
}

/**
 * The state after one more window. Once 'heard', it stays heard: one stop per session, and the
 * session engine ignores a second stop anyway. Frames out of order (a time before the last) are
 * dropped rather than trusted.
 */
export function hearLevel(state: LoudSoundState, frame: LevelFrame, settings: LoudSoundSettings = LOUD_SOUND): LoudSoundState {
  if (state.phase === 'heard') return state;
  if (!Number.isFinite(frame.at) || !Number.isFinite(frame.rms) || frame.rms < 0) return state;
  if (state.lastAt !== null && frame.at < state.lastAt) return state;
  const db = toDb(frame.rms);
  const startedAt = state.startedAt ?? frame.at;

  if (state.phase === 'calibrating') {
    const calibration = [...state.calibration, db];
    if (frame.at - startedAt < settings.calibrationMs) return { ...state, startedAt, calibration, lastAt: frame.at, levelDb: db };
    const roomDb = median(calibration);
    return {
      ...state,
      phase: 'listening',
      startedAt,
      calibration: [],
      roomDb,
      thresholdDb: thresholdFor(roomDb, settings),
      backgroundPower: fromDb(roomDb),
      lastAt: frame.at,
      levelDb: db,
    };
  }

  const threshold = state.thresholdDb ?? settings.ceilingDb;
  const background = state.backgroundPower ?? fromDb(db);
  const backgroundDb = toDb(Math.sqrt(background));
  const loud = db >= threshold && db >= backgroundDb + settings.onsetRiseDb;
  if (loud) {
    // A window's time is its end: the sound began at the start of the first loud window.
    const windowMs = state.lastAt === null ? 0 : frame.at - state.lastAt;
    const onsetAt = state.onsetAt ?? frame.at - windowMs;
    if (frame.at - onsetAt >= settings.minLoudMs)
      return { ...state, phase: 'heard', lastAt: frame.at, heardAt: frame.at, onsetAt, levelDb: db };
    // While it may be an onset the background holds still, so the sound cannot raise its own bar.
    return { ...state, lastAt: frame.at, onsetAt, levelDb: db };
  }
  const dt = state.lastAt === null ? 0 : frame.at - state.lastAt;
  const alpha = 1 - 2 ** (-dt / settings.backgroundHalfLifeMs);
  return {
    ...state,
    backgroundPower: background + alpha * (frame.rms * frame.rms - background),
    lastAt: frame.at,
    onsetAt: null,
    levelDb: db,
  };
}
