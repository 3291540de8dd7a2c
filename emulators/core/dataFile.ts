/**
 * The optional JSON data file that keeps records across restarts. One file holds a section
 * per service (`{ "rollout": ..., "rogerroger": ..., ... }`), so the four emulators can share
 * it. Writes are synchronous read-modify-write cycles, which the single-threaded event loop
 * makes atomic within the process, and go through a temporary file plus rename, so a Ctrl-C
 * mid-write never leaves half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { isPlainObject } from "./body";

export class DataFile {
  constructor(readonly path: string) {}

  private readAll(): Record<string, unknown> {
    if (!existsSync(this.path)) return {};
    const text = readFileSync(this.path, "utf8");
    if (text.trim() === "") return {};
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new Error(`emulator data file ${this.path} is not valid JSON: ${(error as Error).message}`);
    }
    if (!isPlainObject(doc)) throw new Error(`emulator data file ${this.path} must hold a JSON object`);
    return doc;
  }

  read(section: string): unknown {
    return this.readAll()[section];
  }

  write(section: string, data: unknown): void {
    const doc = this.readAll();
    doc[section] = data;
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(doc, null, 2)}\n`);
    renameSync(temporary, this.path);
  }
}
