/** Appeals: a customer disputes a restriction, ops decide within the service level, every step an event. */
package org.loanledger.command.appeal;
