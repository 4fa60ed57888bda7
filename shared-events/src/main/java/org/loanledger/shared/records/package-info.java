/** Reading records by their components, the way the canonical form and the history views write events. */
package org.loanledger.shared.records;
