import { ContextProvider, type Context } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { AppPorts } from '../../app/ports.js';
import {
  connectContext,
  deviceContext,
  guidanceContext,
  journalContext,
  profilesContext,
  screeningContext,
  sessionContext,
  simulatorContext,
  stopWaysContext,
} from '../context.js';

/**
 * Provides each port of the app under its own context, for the components below the host. The
 * contexts are given new values only when the host is given other ports.
 */
export class PortsProvider implements ReactiveController {
  private readonly _providers: { readonly [P in keyof AppPorts]: ContextProvider<Context<symbol, AppPorts[P]>> };
  private _from: AppPorts | null = null;

  constructor(
    host: ReactiveElement,
    private readonly _ports: () => AppPorts | undefined,
  ) {
    this._providers = {
      session: new ContextProvider(host, { context: sessionContext }),
      device: new ContextProvider(host, { context: deviceContext }),
      connect: new ContextProvider(host, { context: connectContext }),
      profiles: new ContextProvider(host, { context: profilesContext }),
      journal: new ContextProvider(host, { context: journalContext }),
      screening: new ContextProvider(host, { context: screeningContext }),
      guidance: new ContextProvider(host, { context: guidanceContext }),
      stopWays: new ContextProvider(host, { context: stopWaysContext }),
      simulator: new ContextProvider(host, { context: simulatorContext }),
    };
    host.addController(this);
  }

  hostConnected(): void {
    this._refresh();
  }

  hostUpdate(): void {
    this._refresh();
  }

  private _refresh(): void {
    const ports = this._ports();
    if (!ports || ports === this._from) return;
    this._from = ports;
    const { _providers: p } = this;
    p.session.setValue(ports.session);
    p.device.setValue(ports.device);
    p.connect.setValue(ports.connect);
    p.profiles.setValue(ports.profiles);
    p.journal.setValue(ports.journal);
    p.screening.setValue(ports.screening);
    p.guidance.setValue(ports.guidance);
    p.stopWays.setValue(ports.stopWays);
    p.simulator.setValue(ports.simulator);
  }
}
