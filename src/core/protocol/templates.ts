import { bytes, type Bytes } from '../bytes.js';
import { err, ok, type Result } from '../result.js';
import type { CommandTemplate, TemplateField } from '../profile/types.js';

export type TemplateValues = Readonly<Partial<Record<TemplateField, number>>>;

export interface EncodeError {
  readonly kind: 'encode-error';
  readonly message: string;
}

/**
 * Fills a profile's command template with values. A value that does not fit its byte width is
 * an error, never a silent wrap-around: 256 must not go out as 0.
 */
export function fillTemplate(template: CommandTemplate, values: TemplateValues): Result<Bytes, EncodeError> {
  if (template.kind === 'text') {
    let line = template.text;
    for (const [placeholder, name = ''] of template.text.matchAll(/\{([a-zA-Z]+)\}/g)) {
      const value = values[name as TemplateField];
      if (value === undefined || !Number.isInteger(value) || value < 0) {
        return err({ kind: 'encode-error', message: `no whole value for {${name}}` });
      }
      line = line.replace(placeholder, String(value));
    }
    const out = new TextEncoder().encode(line);
    if ([...out].some((b) => b > 0x7e || (b < 0x20 && b !== 0x0a && b !== 0x0d))) {
      return err({ kind: 'encode-error', message: 'text commands must be printable ASCII' });
    }
    return ok(bytes(...out));
  }
  const out: number[] = [];
  for (const token of template.tokens) {
    if (token.kind === 'literal') {
      out.push(token.value);
      continue;
    }
    const value = values[token.name];
    const max = token.width === 'u16le' ? 0xffff : 0xff;
    if (value === undefined || !Number.isInteger(value) || value < 0 || value > max) {
      return err({
        kind: 'encode-error',
        message: `${token.name} is ${String(value)}, which does not fit ${token.width}`,
      });
    }
    if (token.width === 'u16le') out.push(value & 0xff, value >> 8);
    else out.push(value);
  }
  return ok(bytes(...out));
}
