/** The HTTP edge shared by every query: RFC 9457 problem bodies with stable codes. */
package org.loanledger.query.web;
