/** The appeals queue ops work from: every appeal with its status, deadline and decision, oldest deadline first. */
package org.loanledger.query.appeal;
