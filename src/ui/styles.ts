import { css } from 'lit';

/**
 * Shared look: calm colours, large type, 44 px targets (WCAG 2.5.8 asks 24; a shaky thumb needs more).
 * Colours are custom properties set on :root in index.css, with a dark set for dark mode.
 * `.outside-text` marks words we did not write (a massager's name, a file's name): one may be a
 * single long word, so it breaks anywhere rather than push the page sideways (issue 13), while
 * our own words keep whole.
 */
export const base = css`
  :host {
    display: block;
    color: var(--ink);
    font: inherit;
  }
  * {
    box-sizing: border-box;
  }
  h2 {
    font-size: 1.25rem;
    margin: 0 0 0.5rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1rem 0 0.4rem;
  }
  p {
    margin: 0.4rem 0;
  }
  button {
    font: inherit;
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1rem;
    border-radius: 0.6rem;
    border: 2px solid var(--line-strong);
    background: var(--surface);
    color: var(--ink);
    cursor: pointer;
  }
  button.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: var(--on-accent);
    font-weight: 600;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  a:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
  }
  .card {
    background: var(--surface);
    border: 1px solid var(--line);
    border-radius: 1rem;
    padding: 1rem;
  }
  .muted {
    color: var(--ink-soft);
  }
  .note {
    border-left: 4px solid var(--accent);
    background: var(--surface-alt);
    padding: 0.6rem 0.8rem;
    border-radius: 0.4rem;
  }
  .warn {
    border-left: 4px solid var(--warn);
    background: var(--warn-bg);
    padding: 0.6rem 0.8rem;
    border-radius: 0.4rem;
  }
  .danger {
    border-left: 4px solid var(--danger);
    background: var(--danger-bg);
    padding: 0.6rem 0.8rem;
    border-radius: 0.4rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .outside-text {
    overflow-wrap: anywhere;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    /* Clipping alone leaves what overflows (a file input's button) in the page's scroll width. */
    contain: paint;
  }
  @media (prefers-reduced-motion: no-preference) {
    button {
      transition: background-color 120ms ease;
    }
  }
`;

/** A page read from top to bottom (help, privacy): its parts spaced evenly; its heading takes focus without a ring. */
export const readingPage = css`
  :host {
    display: grid;
    gap: 1rem;
  }
  h2:focus {
    outline: none;
  }
`;
