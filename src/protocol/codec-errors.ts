/** Errors thrown by the codec. Both carry the field path so a message names message, field and offset. */

abstract class CodecError extends Error {
  /** Field path inside the message, outermost first (e.g. ['Topics', '[1]', 'Configs', '[0]', 'Value']). */
  readonly path: string[] = [];
  readonly detail: string;
  private context = '';

  protected constructor(detail: string) {
    super(detail);
    this.detail = detail;
  }

  /** Adds an enclosing field name or `[index]` (the codec calls this while unwinding). */
  within(field: string): this {
    this.path.unshift(field);
    this.refresh();
    return this;
  }

  /** Names the message being processed, e.g. "CreateTopicsRequest v5". Outermost call wins. */
  inMessage(context: string): this {
    if (!this.context) this.context = context;
    this.refresh();
    return this;
  }

  protected suffix(): string {
    return '';
  }

  private refresh(): void {
    const field = this.path.length ? `field ${this.path.join('.').replace(/\.\[/g, '[')}` : '';
    const where = [this.context, field].filter(Boolean).join(', ');
    this.message = `${where ? `${where}: ` : ''}${this.detail}${this.suffix()}`;
  }
}

/** A truncated or malformed buffer (bad length, string past the end, negative count, ...). */
export class MalformedFrameError extends CodecError {
  /** Byte offset within the decoded buffer where the problem was found. */
  readonly offset: number;

  constructor(detail: string, offset: number) {
    super(detail);
    this.name = 'MalformedFrameError';
    this.offset = offset;
    this.message = `${detail} at offset ${offset}`;
  }

  protected override suffix(): string {
    return ` at offset ${this.offset}`;
  }
}

/** A value that cannot be encoded (wrong JS type, out of range, null where the version is not nullable). */
export class ProtocolEncodeError extends CodecError {
  constructor(detail: string) {
    super(detail);
    this.name = 'ProtocolEncodeError';
  }
}
