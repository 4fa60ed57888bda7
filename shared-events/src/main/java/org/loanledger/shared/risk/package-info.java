/** The versioned risk policy: rules with thresholds, evaluated over an account's recorded facts. */
package org.loanledger.shared.risk;
