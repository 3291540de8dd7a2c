/** Team members by e-mail, matched case-insensitively, kept in insertion order. */
import { isPlainObject } from "../core/body";
import type { Store } from "../core/service";
import { toUser, type RolloutUser } from "./schema";

export class UsersStore implements Store {
  private readonly users = new Map<string, RolloutUser>();

  all(): RolloutUser[] {
    return [...this.users.values()];
  }

  get(email: string): RolloutUser | undefined {
    return this.users.get(email.toLowerCase());
  }

  /** Adds or overrides (PUT semantics); the e-mail is stored as sent. */
  put(user: RolloutUser): void {
    this.users.set(user.email.toLowerCase(), user);
  }

  delete(email: string): boolean {
    return this.users.delete(email.toLowerCase());
  }

  snapshot(): { users: RolloutUser[] } {
    return { users: this.all() };
  }

  restore(snapshot: unknown): void {
    this.clear();
    const users = isPlainObject(snapshot) && Array.isArray(snapshot.users) ? snapshot.users : [];
    for (const raw of users) {
      const user = toUser(raw);
      if (typeof user !== "string") this.put(user);
    }
  }

  clear(): void {
    this.users.clear();
  }
}
