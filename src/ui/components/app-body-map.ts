import { css, html, LitElement, svg } from 'lit';
import { customElement } from 'lit/decorators.js';
import { base } from '../styles.js';

interface Zone {
  readonly n: number;
  readonly use: boolean;
  readonly name: string;
  /** Where its number sits on the drawing. */
  readonly x: number;
  readonly y: number;
}

const ZONES: readonly Zone[] = [
  { n: 1, use: true, name: 'Muscles on each side of the lower spine', x: 99, y: 58 },
  { n: 2, use: true, name: 'Buttocks (glutes)', x: 82, y: 150 },
  { n: 3, use: true, name: 'Backs of the thighs (hamstrings)', x: 80, y: 245 },
  { n: 4, use: false, name: 'The spine itself', x: 120, y: -15 },
];

/** Vertebrae of the lower back, top to bottom, then the sacrum. */
const VERTEBRAE = [8, 28, 48, 68, 88];

/**
 * Where the massager goes, seen from behind: the muscles beside the lower spine, the buttocks and
 * the backs of the thighs, and the spine itself marked as the place not to. The drawing is one
 * image for a screen reader (its title and description); the numbered list beside it says the
 * same in words, so neither colour nor the drawing is the only way to tell.
 */
@customElement('app-body-map')
export class AppBodyMap extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        --body: #efe4da;
        --body-line: #6b7480;
        --use-fill: #c9e8d3;
        --use-line: #1b6b36;
        --avoid: #b3261e;
        --badge-ink: #ffffff;
      }
      @media (prefers-color-scheme: dark) {
        :host {
          --body: #2e353d;
          --body-line: #9aa4b0;
          --use-fill: #24553a;
          --use-line: #8fe0ad;
          --avoid: #ff8a80;
          --badge-ink: #0b1a1c;
        }
      }
      figure {
        margin: 0;
        display: grid;
        grid-template-columns: minmax(8rem, 12rem) 1fr;
        gap: 0.8rem;
        align-items: center;
      }
      svg {
        width: 100%;
        height: auto;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.4rem;
      }
      li {
        display: grid;
        grid-template-columns: 1.6rem 1fr;
        gap: 0.5rem;
        align-items: start;
        font-size: 0.95rem;
      }
      .badge {
        display: inline-grid;
        place-items: center;
        width: 1.6rem;
        height: 1.6rem;
        border-radius: 50%;
        font-weight: 700;
        font-size: 0.85rem;
        color: var(--badge-ink);
        background: var(--use-line);
      }
      .avoid .badge {
        background: var(--avoid);
        border-radius: 0.3rem;
      }
      .verdict {
        display: block;
        font-weight: 700;
        color: var(--use-line);
      }
      .avoid .verdict {
        color: var(--avoid);
      }
    `,
  ];

  override render() {
    return html`<figure>
      <svg viewBox="0 -28 240 328" role="img" aria-labelledby="map-title" aria-describedby="map-desc">
        <title id="map-title">Where to put the massager, seen from behind</title>
        <desc id="map-desc">
          Marked for use: the muscles on each side of the lower spine, the buttocks, and the backs of the thighs. Marked never to use: the
          spine down the middle of the back.
        </desc>
        ${this._drawing()}
      </svg>
      <ol aria-label="Where to put the massager">
        ${ZONES.map(
          (zone) =>
            html`<li class=${zone.use ? 'use' : 'avoid'}>
              <span class="badge" aria-hidden="true">${zone.n}</span>
              <span
                ><span class="verdict">${zone.use ? 'Use here' : 'Never here'}<span class="visually-hidden">: </span></span
                >${zone.name}</span
              >
            </li>`,
        )}
      </ol>
    </figure>`;
  }

  private _drawing() {
    const mirrored = (shape: (side: 1 | -1) => ReturnType<typeof svg>) => [shape(-1), shape(1)];
    return svg`
      <defs>
        <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="var(--body)" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="var(--avoid)" stroke-width="3" />
        </pattern>
      </defs>
      <path
        d="M60 0 L180 0 C184 40 192 80 205 125 C212 160 208 200 200 240 L192 300 L130 300 L124 196 L116 196 L110 300 L48 300 L40 240 C32 200 28 160 35 125 C48 80 56 40 60 0 Z"
        fill="var(--body)" stroke="var(--body-line)" stroke-width="2" />
      ${mirrored(
        (side) => svg`
          <rect x=${120 + side * 20 - 11} y="6" width="22" height="100" rx="10"
            fill="var(--use-fill)" stroke="var(--use-line)" stroke-width="2.5" />
          <ellipse cx=${120 + side * 38} cy="150" rx="36" ry="30" fill="var(--use-fill)" stroke="var(--use-line)" stroke-width="2.5" />
          <ellipse cx=${120 + side * 40} cy="245" rx="22" ry="46" fill="var(--use-fill)" stroke="var(--use-line)" stroke-width="2.5" />`,
      )}
      <rect x="111" y="0" width="18" height="128" rx="4" fill="url(#hatch)" stroke="var(--avoid)" stroke-width="2" />
      ${VERTEBRAE.map((y) => svg`<rect x="114" y=${y} width="12" height="14" rx="3" fill="var(--avoid)" />`)}
      <path d="M113 106 L127 106 L120 126 Z" fill="var(--avoid)" />
      ${ZONES.map((zone) =>
        zone.use
          ? svg`<circle cx=${zone.x} cy=${zone.y} r="10" fill="var(--use-line)" />
              <text x=${zone.x} y=${zone.y + 4.5} text-anchor="middle" font-size="13" font-weight="700" fill="var(--badge-ink)">${zone.n}</text>`
          : svg`<rect x=${zone.x - 10} y=${zone.y - 10} width="20" height="20" rx="3" fill="var(--avoid)" />
              <text x=${zone.x} y=${zone.y + 4.5} text-anchor="middle" font-size="13" font-weight="700" fill="var(--badge-ink)">${zone.n}</text>`,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'app-body-map': AppBodyMap;
  }
}
