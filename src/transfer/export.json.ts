import { ExportSink } from "./export.service";

/** Flush to the output once this much text is buffered. */
const FLUSH_AT = 1 << 20;

/**
 * Writes an export as JSON text while it is read, byte for byte what
 * `JSON.stringify(document, null, 2)` gives for the whole document (plus a final newline), so
 * that a large export never has to exist as one string.
 */
export class JsonTextSink implements ExportSink {
  private buffer = "";
  private sections = 0;
  private itemsInSection = 0;

  constructor(private readonly write: (text: string) => Promise<void>) {}

  async section(key: string): Promise<void> {
    this.closeSection();
    this.buffer += `${this.sections === 0 ? "{\n" : ",\n"}  ${JSON.stringify(key)}: [`;
    this.sections += 1;
    this.itemsInSection = 0;
    await this.flushIfFull();
  }

  async items(items: readonly object[]): Promise<void> {
    for (const item of items) {
      this.buffer += `${this.itemsInSection === 0 ? "" : ","}\n    ${JSON.stringify(item, null, 2).replace(/\n/g, "\n    ")}`;
      this.itemsInSection += 1;
      if (this.buffer.length >= FLUSH_AT) await this.flush();
    }
  }

  async end(): Promise<void> {
    this.closeSection();
    this.buffer += this.sections === 0 ? "{}\n" : "\n}\n";
    await this.flush();
  }

  private closeSection(): void {
    if (this.sections === 0) return;
    this.buffer += this.itemsInSection === 0 ? "]" : "\n  ]";
  }

  private async flushIfFull(): Promise<void> {
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = "";
    await this.write(text);
  }
}
