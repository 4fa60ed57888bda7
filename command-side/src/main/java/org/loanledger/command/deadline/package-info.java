/** Time-driven events: drawdowns that go overdue and cool-offs that end, found by a sweep over persisted deadlines. */
package org.loanledger.command.deadline;
