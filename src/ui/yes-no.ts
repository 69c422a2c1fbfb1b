import { css, html } from 'lit';

/** A question with Yes and No as real radio buttons: one fieldset, the question as its legend. */
export function yesNo(name: string, question: string, value: boolean | undefined, onChange: (answer: boolean) => void) {
  return html`<fieldset class="yes-no">
    <legend>${question}</legend>
    <label><input type="radio" name=${name} .checked=${value === true} @change=${() => onChange(true)} />Yes</label>
    <label><input type="radio" name=${name} .checked=${value === false} @change=${() => onChange(false)} />No</label>
  </fieldset>`;
}

export const yesNoStyles = css`
  .yes-no {
    border: 1px solid var(--line);
    border-radius: 0.7rem;
    padding: 0.5rem 0.8rem 0.6rem;
    margin: 0 0 0.6rem;
  }
  .yes-no legend {
    padding: 0 0.3rem;
    font-weight: 600;
  }
  .yes-no label {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 44px;
    min-width: 5rem;
    margin-right: 1rem;
    cursor: pointer;
  }
  .yes-no input {
    width: 1.3rem;
    height: 1.3rem;
    accent-color: var(--accent);
  }
`;
