/** Erasure of a customer's personal data: their keys deleted, the erasure recorded on each of their accounts. */
package org.loanledger.command.erasure;
