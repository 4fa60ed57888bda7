/** The risk policies as configured, shared by the command side (which applies the active one) and the query side (what-if). */
package org.loanledger.support.risk;
