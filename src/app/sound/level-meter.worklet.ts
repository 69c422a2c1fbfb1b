/**
 * Runs on the audio thread (an AudioWorklet, served from this origin). It measures the level of
 * each ~10 ms window of the microphone and posts only that number, with the window's end on the
 * audio clock: no sample leaves this scope, nothing is kept. It runs on when the page's timers are
 * throttled (a hidden tab), and its messages are not timers.
 */

// The AudioWorkletGlobalScope's own names: TypeScript's DOM library does not describe that scope.
declare const sampleRate: number;
declare const currentTime: number;
declare function registerProcessor(name: string, processor: new () => LevelMeterProcessor): void;
declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  abstract process(inputs: Float32Array[][]): boolean;
}

/** Judgment: 10 ms windows; a clap's first loud part lasts longer than two of them. */
const WINDOW_SECONDS = 0.01;

class LevelMeterProcessor extends AudioWorkletProcessor {
  private _sum = 0;
  private _count = 0;
  private readonly _windowFrames = Math.max(128, Math.round(sampleRate * WINDOW_SECONDS));

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (channel) {
      for (const sample of channel) this._sum += sample * sample;
      this._count += channel.length;
      if (this._count >= this._windowFrames) {
        const endMs = (currentTime + channel.length / sampleRate) * 1000;
        this.port.postMessage({ at: endMs, rms: Math.sqrt(this._sum / this._count) });
        this._sum = 0;
        this._count = 0;
      }
    }
    // Kept alive until the page disconnects it (at the end of the session).
    return true;
  }
}

registerProcessor('easeback-level-meter', LevelMeterProcessor);
