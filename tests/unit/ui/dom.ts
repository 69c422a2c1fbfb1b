import type { LitElement } from 'lit';

/** Puts a component in the document and waits for its first render. */
export async function mounted<E extends LitElement>(element: E): Promise<E> {
  document.body.append(element);
  await element.updateComplete;
  return element;
}

/** The element's shadow root (every component here renders into one). */
export function shadow(element: LitElement): ShadowRoot {
  if (!element.shadowRoot) throw new Error(`${element.localName} has no shadow root`);
  return element.shadowRoot;
}

export function button(element: LitElement, name: string): HTMLButtonElement {
  const found = [...shadow(element).querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent.trim()) === name,
  );
  if (!found) throw new Error(`no button "${name}" in ${element.localName}`);
  return found;
}
