/** Exact money: an amount with scale 2 always paired with its currency. */
package org.loanledger.shared.money;
