import type { RecordedRequest, Violation } from './recorded-request.js';

/** Every request and every violation, in arrival order, for assertions. */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];

  record(request: RecordedRequest): void {
    this.requests.push(request);
  }

  recordViolation(violation: Violation): void {
    this.violations.push(violation);
    console.warn(
      `[fake-discord] VIOLATION (${violation.kind}) ${violation.method} ${violation.path} -> ` +
        `${violation.status}/${violation.code}: ${violation.detail}`,
    );
  }

  takeViolations(): Violation[] {
    return this.violations.splice(0, this.violations.length);
  }
}
