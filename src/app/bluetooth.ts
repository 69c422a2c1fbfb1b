/**
 * Everything that talks to navigator.bluetooth, gathered for one dynamic import: the services load
 * it right after the first screen is drawn, so it never delays it.
 */
export { detectBluetoothSupport } from '../transport/support.js';
export { chooseDevice, rememberedDevices, WebBluetoothConnector } from '../transport/web-bluetooth.js';
