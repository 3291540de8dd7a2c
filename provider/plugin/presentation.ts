/**
 * How a service is shown to people: the titles the CLI, the bench and the demo print, and
 * how the review tells the service's own resource kinds. Data on the profile, so that none
 * of them names a service.
 */

/** How the review and the drift report tell one resource kind of a service. */
export interface KindPresentation {
  /** What one record is, in the review ("Rollout team member"). */
  readonly title: string;
  /** The resource class the package exports for the kind ("RolloutTeam"). */
  readonly className?: string;
  /** The input that names the record better than its resource name (a member's `email`). */
  readonly recordField?: string;
  /**
   * How the review reads its changes:
   * - `member`: a team member whose admin flag (`teamAdmin`) and access per application and
   *   environment (`applications`) are sensitive, and whose delete removes it from the team;
   * - `roster`: an authoritative list of the team, whose `notInCode` members `up` removes.
   * Absent: each field reads as a plain value.
   */
  readonly review?: "member" | "roster";
  /**
   * Fields whose value in code is fixed although the program's inputs leave them out (a
   * roster's `notInCode` is empty in code): a live value there is a change row.
   */
  readonly impliedInCode?: Readonly<Record<string, unknown>>;
}

export interface ServicePresentation {
  /** The service's name in tables and labels ("Universal CRM"); short, no article. */
  readonly title: string;
  /** The resource kinds of this service alone, by kind ("rollout:User"). */
  readonly kinds?: Readonly<Record<string, KindPresentation>>;
}
