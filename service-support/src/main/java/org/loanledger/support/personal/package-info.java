/** The customers' keys that seal personal text in events: the embedded key store and how it is configured. */
package org.loanledger.support.personal;
