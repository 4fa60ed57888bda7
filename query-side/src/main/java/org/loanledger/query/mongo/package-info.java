/** MongoDB for views, tokens and dead letters: an embedded server by default, a real replica set by configuration. */
package org.loanledger.query.mongo;
