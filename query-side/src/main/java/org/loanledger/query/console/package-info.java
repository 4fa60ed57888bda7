/** The ops and auditor web console, served as static pages that call the query and command APIs with a caller's token. */
package org.loanledger.query.console;
