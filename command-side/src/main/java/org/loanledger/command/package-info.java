/** The command side: decides what happens to loan accounts and records it as events. */
package org.loanledger.command;
