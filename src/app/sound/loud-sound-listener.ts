import { hearLevel, initialLoudSound, type LevelFrame, type LoudSoundState } from '../../core/stop/loud-sound.js';
import meterUrl from './level-meter.worklet.ts?worker&url';

/**
 * The microphone side of "a loud sound stops the session", loaded only when a session with the
 * option on begins. It opens the microphone, measures its level on the audio thread
 * (level-meter.worklet.ts), and hands each level to the pure rule in src/core/stop/loud-sound.ts.
 * No sample is recorded, kept or sent, and no speech recognition is used: the page only ever sees
 * one number per 10 ms window.
 */
export interface LoudSoundCallbacks {
  /** Called once, the moment the rule hears a loud sound. */
  heard(state: LoudSoundState): void;
  /** Every level decision, for the listening indicator (throttling is the caller's). */
  update(state: LoudSoundState): void;
}

export class LoudSoundListener {
  private _stream: MediaStream | null = null;
  private _context: AudioContext | null = null;
  private _state: LoudSoundState = initialLoudSound();
  private _closed = false;

  constructor(private readonly _callbacks: LoudSoundCallbacks) {}

  /** A method, not a field read: close() may run while open() awaits, which narrowing cannot see. */
  isClosed(): boolean {
    return this._closed;
  }

  get stream(): MediaStream | null {
    return this._stream;
  }

  /**
   * Opens the microphone. Rejects with a plain reason when it cannot (no microphone, permission
   * refused): the caller says so on screen. A close() while this waits wins: the microphone it then
   * gets is released at once.
   */
  async open(): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({
      // The level the room really has: gain control and noise suppression would flatten a shout.
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      video: false,
    });
    this._stream = stream;
    if (this.isClosed()) return this.close();
    const context = new AudioContext({ latencyHint: 'interactive' });
    this._context = context;
    await context.audioWorklet.addModule(meterUrl);
    if (this.isClosed()) return this.close();
    const source = context.createMediaStreamSource(stream);
    const meter = new AudioWorkletNode(context, 'easeback-level-meter', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
    meter.port.onmessage = (event: MessageEvent<LevelFrame>) => this._hear(event.data);
    source.connect(meter);
    // The meter writes silence: connected so the audio graph keeps pulling it, it plays nothing.
    meter.connect(context.destination);
    // A context made outside a click may start suspended; the microphone's consent is the gesture that counts.
    if (context.state === 'suspended') await context.resume();
  }

  /** Releases the microphone and the audio thread. Safe to call more than once, and before open() ends. */
  close(): void {
    this._closed = true;
    for (const track of this._stream?.getTracks() ?? []) track.stop();
    void this._context?.close().catch(() => undefined);
    this._context = null;
  }

  private _hear(frame: LevelFrame): void {
    if (this._closed) return;
    const before = this._state;
    this._state = hearLevel(before, frame);
    if (this._state.phase === 'heard' && before.phase !== 'heard') this._callbacks.heard(this._state);
    this._callbacks.update(this._state);
  }
}
