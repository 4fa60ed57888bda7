/** System maintenance batches: freeze or lift many accounts for a cause that is not the customers' doing. */
package org.loanledger.command.maintenance;
