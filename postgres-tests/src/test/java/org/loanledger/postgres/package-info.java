/** Integration tests of the postgres profile against a real PostgreSQL server. */
package org.loanledger.postgres;
