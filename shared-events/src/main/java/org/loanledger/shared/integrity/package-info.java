/** Tamper evidence: a canonical form for payloads and the per-account SHA-256 hash chain over events. */
package org.loanledger.shared.integrity;
