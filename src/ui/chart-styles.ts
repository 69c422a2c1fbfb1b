import { css } from 'lit';

/** Shared by the history charts: colours come from the page's custom properties (light and dark). */
export const chartStyles = css`
  :host {
    display: grid;
    gap: 1rem;
  }
  svg {
    width: 100%;
    height: auto;
    display: block;
    font-size: 12px;
  }
  .grid {
    stroke: var(--line);
  }
  .axis {
    fill: var(--ink-soft);
  }
  .before {
    fill: var(--accent);
    stroke: var(--accent);
  }
  .after {
    fill: var(--surface);
    stroke: var(--warn);
    stroke-width: 2;
  }
  .line-before {
    fill: none;
    stroke: var(--accent);
    stroke-width: 2;
  }
  .line-after {
    fill: none;
    stroke: var(--warn);
    stroke-width: 2;
    stroke-dasharray: 5 4;
  }
  .bar {
    fill: var(--accent);
  }
  .cap {
    stroke: var(--danger);
    stroke-dasharray: 4 3;
  }
  .label {
    fill: var(--ink);
  }
  .key {
    display: flex;
    gap: 1.2rem;
    flex-wrap: wrap;
    margin: 0.2rem 0 0;
  }
`;
