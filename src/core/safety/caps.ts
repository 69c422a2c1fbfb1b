import { cited, judged } from './sources.js';

const MINUTE = 60_000;

/** Limits no preset, screening answer or device can go past. */
export const GLOBAL_CAPS = {
  /** Highest heat a session may aim for. */
  heatTargetC: cited(40, 'nadler-heat-wrap', 'also the maker advice to stay below 40 °C'),
  /** The firmware cuts all power at this reading; the app treats it as a fault too. */
  heatHardCutC: cited(41, 'iec-60601-applied-part'),
  sessionMs: cited(20 * MINUTE, 'superficial-heat-15-20', 'the upper end of the superficial-heat norm'),
  heatMs: cited(20 * MINUTE, 'superficial-heat-15-20'),
  sessionsPerDay: cited(3, 'three-a-day', 'counted over any 24 hours, a judgment that needs no time zone'),
  /** A session shorter than this neither counts toward the daily cap nor starts a cool-down. */
  countsAfterMs: judged(MINUTE, 'a start cut short by a dropped link or a mis-tap should not cost a session'),
  /** A pause may not turn into an unattended, sleep-like session. */
  pauseMs: judged(10 * MINUTE, 'long enough to answer the door, short enough that nobody dozes off paused'),
  /**
   * A check-in nobody answers: the person may have dozed off under heat, the very risk the
   * guidance warns about (heating pads burn people asleep). After this long unanswered, heat goes
   * off and the session pauses.
   */
  checkinAnswerMs: judged(60 * 1000, 'ample time to read one question and tap an answer; heat should not stay on longer unanswered'),
  /** Still unanswered this long after that pause, the session ends (and says why). */
  checkinUnansweredEndMs: judged(
    2 * MINUTE,
    'time to wake, answer and resume; past it the person is taken to be asleep, and a session waiting for them ends',
  ),
  /** The soft start: motors build up to the chosen level over this long. */
  rampMs: judged(30 * 1000, 'start lowest and increase gradually, over half a minute'),
  /** How long the device may run on after the link is lost. */
  linkLossStopMs: judged(5 * 1000, 'automatic stop on signal loss (IEC 62745) within 5 s'),
  /** After an emergency triage answer the device stays locked this long. */
  emergencyLockMs: judged(24 * 60 * MINUTE, 'a red flag means care now, not more massage today'),
  /** After an urgent triage answer, no new session for this long. */
  urgentLockMs: judged(12 * 60 * MINUTE, 'see a clinician before using the massager again'),
} as const;

export const MINUTES = MINUTE;
