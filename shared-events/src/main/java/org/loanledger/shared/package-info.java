/** The ledger's published language: what commands mean, what events record, and how an account folds from them. */
package org.loanledger.shared;
