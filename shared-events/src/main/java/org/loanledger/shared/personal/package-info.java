/** Personal data inside events: sealed per customer with AES-GCM so that deleting the customer's key erases it. */
package org.loanledger.shared.personal;
