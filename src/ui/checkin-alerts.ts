/**
 * The optional sound and vibration of a check-in, chosen by the person and remembered in this
 * browser only (local storage, no network). Both are off until chosen: a sound could wake someone
 * beside them, and not every phone should buzz.
 */
export interface CheckinAlerts {
  readonly sound: boolean;
  readonly vibrate: boolean;
}

const KEY = 'easeback.checkin-alerts';
const NONE: CheckinAlerts = { sound: false, vibrate: false };

export function loadCheckinAlerts(): CheckinAlerts {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return NONE;
    const { sound, vibrate } = parsed as Record<string, unknown>;
    // A damaged entry means "off", never an error: the check-in still shows and is announced.
    return { sound: sound === true, vibrate: vibrate === true };
  } catch {
    return NONE;
  }
}

export function saveCheckinAlerts(alerts: CheckinAlerts): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ sound: alerts.sound, vibrate: alerts.vibrate }));
  } catch {
    // Storage full or refused: the choice lasts for this page only.
  }
}

/** Phones (a coarse pointer) and a browser that can vibrate. */
export function canVibrate(): boolean {
  return typeof navigator.vibrate === 'function' && matchMedia('(pointer: coarse)').matches;
}

let audio: AudioContext | null = null;

/**
 * Made (or woken) on the person's own tap, so the browser lets it play later without one: a
 * page may not start sound by itself.
 */
export function primeSound(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = null;
  }
}

/** Two soft tones, half a second in all: noticeable, not alarming. Made in the page, nothing fetched. */
export function playCheckinSound(): void {
  primeSound();
  const context = audio;
  if (!context) return;
  const start = context.currentTime + 0.02;
  for (const [offset, hz] of [
    [0, 660],
    [0.25, 880],
  ] as const) {
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = hz;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
    tone.connect(gain).connect(context.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.24);
  }
}

export function vibrateForCheckin(): void {
  if (canVibrate()) navigator.vibrate([200, 100, 200]);
}
