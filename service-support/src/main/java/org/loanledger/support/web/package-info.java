/** RFC 9457 problem bodies, the request body limit and strict JSON reading. */
package org.loanledger.support.web;
