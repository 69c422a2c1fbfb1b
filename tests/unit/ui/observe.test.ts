// @vitest-environment happy-dom
import { html, LitElement } from 'lit';
import { BehaviorSubject, Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ObserveController } from '../../../src/ui/controllers/observe.js';
import { mounted, shadow } from './dom.js';

/** A component showing the latest value of whichever stream its `source` property names. */
class ObservingHost extends LitElement {
  source: Observable<string> | null = null;
  readonly seen = new ObserveController<string>(this, () => this.source, 'nothing yet');
  override render() {
    return html`<p>${this.seen.value}</p>`;
  }
}
customElements.define('observing-host', ObservingHost);

/** A stream that counts who is subscribed. */
function counted(initial: string) {
  const subject = new BehaviorSubject(initial);
  const counter = { subscribers: 0 };
  const stream = new Observable<string>((subscriber) => {
    counter.subscribers++;
    const inner = subject.subscribe(subscriber);
    return () => {
      counter.subscribers--;
      inner.unsubscribe();
    };
  });
  return { subject, stream, counter };
}

const text = (host: ObservingHost) => shadow(host).querySelector('p')?.textContent;

afterEach(() => document.body.replaceChildren());

describe('ObserveController follows its source', () => {
  it('a source that arrives after the element connected (services by context) is subscribed at the next update', async () => {
    const host = await mounted(new ObservingHost());
    expect(text(host)).toBe('nothing yet');
    const late = counted('connected');
    host.source = late.stream;
    host.requestUpdate();
    await host.updateComplete;
    expect(text(host)).toBe('connected');
    late.subject.next('still connected');
    await host.updateComplete;
    expect(text(host)).toBe('still connected');
  });

  it('a new source replaces the old one: the old is left, so its values no longer reach the element', async () => {
    const first = counted('first');
    const second = counted('second');
    const host = new ObservingHost();
    host.source = first.stream;
    await mounted(host);
    expect(text(host)).toBe('first');
    host.source = second.stream;
    host.requestUpdate();
    await host.updateComplete;
    expect(text(host)).toBe('second');
    expect(first.counter.subscribers).toBe(0);
    first.subject.next('stale');
    await host.updateComplete;
    expect(text(host)).toBe('second');
  });

  it('subscribes once per source however often the element updates, and leaves when it leaves the page', async () => {
    const source = counted('one');
    const host = new ObservingHost();
    host.source = source.stream;
    await mounted(host);
    for (let i = 0; i < 3; i++) {
      host.requestUpdate();
      await host.updateComplete;
    }
    expect(source.counter.subscribers).toBe(1);
    host.remove();
    expect(source.counter.subscribers).toBe(0);
  });
});
