import { adapterAvailable, hasWebBluetooth } from './web-bluetooth.js';

export type BluetoothSupport =
  | { readonly kind: 'ready' }
  | { readonly kind: 'insecure'; readonly advice: string }
  | { readonly kind: 'firefox'; readonly advice: string }
  | { readonly kind: 'safari'; readonly advice: string }
  | { readonly kind: 'ios'; readonly advice: string }
  | { readonly kind: 'linux-flag'; readonly advice: string }
  | { readonly kind: 'unsupported'; readonly advice: string }
  | { readonly kind: 'no-adapter'; readonly advice: string };

/** What to tell someone whose browser cannot reach Bluetooth, from what the browser says of itself. */
export function classifyBrowser(userAgent: string, secure: boolean, hasApi: boolean): BluetoothSupport | null {
  if (!secure) {
    return { kind: 'insecure', advice: 'Bluetooth only works on a secure page. Open Easeback at an https:// address, or on localhost.' };
  }
  if (hasApi) return null;
  if (/iPhone|iPad|iPod/.test(userAgent)) {
    return {
      kind: 'ios',
      advice: 'iPhone and iPad browsers cannot use Bluetooth from a web page. A browser app made for Web Bluetooth (such as Bluefy) can.',
    };
  }
  if (/Firefox\//.test(userAgent)) {
    return { kind: 'firefox', advice: 'Firefox does not support Web Bluetooth. Open Easeback in Chrome or Edge.' };
  }
  if (/Safari\//.test(userAgent) && !/Chrome\/|Chromium\/|Edg\//.test(userAgent)) {
    return { kind: 'safari', advice: 'Safari does not support Web Bluetooth. Open Easeback in Chrome or Edge.' };
  }
  if (/Linux/.test(userAgent) && !/Android/.test(userAgent) && /Chrome\/|Chromium\//.test(userAgent)) {
    return {
      kind: 'linux-flag',
      advice:
        'On Linux, Chrome keeps Web Bluetooth behind a setting: open chrome://flags, turn on “Experimental Web Platform features”, and restart Chrome.',
    };
  }
  return { kind: 'unsupported', advice: 'This browser cannot use Web Bluetooth. Chrome or Edge on a computer or Android phone can.' };
}

export async function detectBluetoothSupport(): Promise<BluetoothSupport> {
  const classified = classifyBrowser(navigator.userAgent, window.isSecureContext, hasWebBluetooth());
  if (classified) return classified;
  if (!(await adapterAvailable())) {
    return {
      kind: 'no-adapter',
      advice: 'No Bluetooth adapter was found. Turn Bluetooth on in your system settings, or plug in an adapter.',
    };
  }
  return { kind: 'ready' };
}
