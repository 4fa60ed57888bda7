/** Why an account can or cannot borrow at any instant, built from its recorded events alone. */
package org.loanledger.query.explanation;
