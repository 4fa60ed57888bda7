/** HTTP concerns shared by every command endpoint: problem bodies, body limits, idempotency keys. */
package org.loanledger.command.web;
