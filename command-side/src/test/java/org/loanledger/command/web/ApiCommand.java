package org.loanledger.command.web;

import org.loanledger.command.web.CommandApi.Reply;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Every command endpoint of the API with a request it accepts, another request that differs from it, and the
 * account state in which the accepted one succeeds. Tests that must hold for every endpoint iterate over these.
 *
 * <p>Bodies are JSON templates: {@value #ACCOUNT} stands for the account id and {@value #AMOUNT} for the raw JSON
 * token of the command's amount, so a test can put any token there, a number or a malformed string included.
 */
public enum ApiCommand {

    OPEN(HttpMethod.POST, null, HttpStatus.CREATED, "\"1000.00\"", "\"2000.00\"",
            "{\"accountId\":\"%ACCOUNT%\",\"customerId\":\"cust-1\",\"currency\":\"CNY\",\"creditLimit\":%AMOUNT%}"),
    BORROW(HttpMethod.POST, "borrowings", HttpStatus.CREATED, "\"100.00\"", "\"101.00\"",
            "{\"amount\":%AMOUNT%,\"termDays\":30}"),
    REPAY(HttpMethod.POST, "repayments", HttpStatus.OK, "\"100.00\"", "\"101.00\"",
            "{\"amount\":%AMOUNT%}"),
    FREEZE(HttpMethod.POST, "freeze", HttpStatus.OK, null, null,
            "{\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"%NOTE%\"}"),
    UNFREEZE(HttpMethod.POST, "unfreeze", HttpStatus.OK, null, null,
            "{\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"%NOTE%\"}"),
    CHANGE_CREDIT_LIMIT(HttpMethod.PUT, "credit-limit", HttpStatus.OK, "\"2000.00\"", "\"3000.00\"",
            "{\"creditLimit\":%AMOUNT%,\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"%NOTE%\"}"),
    CLOSE(HttpMethod.POST, "close", HttpStatus.OK, null, null,
            "{\"reasonCode\":\"CUSTOMER_REQUEST\",\"note\":\"%NOTE%\"}");

    public static final String ACCOUNT = "%ACCOUNT%";
    public static final String AMOUNT = "%AMOUNT%";
    private static final String NOTE = "%NOTE%";
    private static final String FIRST_NOTE = "decided after a call with the customer";
    private static final String OTHER_NOTE = "decided after a second call with the customer";

    /** The credit limit of every prepared account. */
    public static final String PREPARED_LIMIT = "1000.00";

    /** What a prepared account for {@link #REPAY} owes, so the accepted repayment is partial. */
    public static final String PREPARED_OUTSTANDING = "300.00";

    private final HttpMethod method;
    private final String action;
    private final HttpStatus success;
    private final String amount;
    private final String otherAmount;
    private final String template;

    ApiCommand(HttpMethod method, String action, HttpStatus success, String amount, String otherAmount,
               String template) {
        this.method = method;
        this.action = action;
        this.success = success;
        this.amount = amount;
        this.otherAmount = otherAmount;
        this.template = template;
    }

    public HttpMethod method() {
        return method;
    }

    public HttpStatus success() {
        return success;
    }

    public boolean carriesAmount() {
        return amount != null;
    }

    /** Whether the command addresses an account that must already exist. */
    public boolean needsAccount() {
        return this != OPEN;
    }

    public String path(String accountId) {
        return action == null ? "/api/accounts" : CommandApi.path(accountId, action);
    }

    /** The request this command is accepted with once {@link #prepare prepared}. */
    public String body(String accountId) {
        return fill(accountId, amount, FIRST_NOTE);
    }

    /** A request for the same command that differs from {@link #body} in one value. */
    public String otherBody(String accountId) {
        return fill(accountId, otherAmount, carriesAmount() ? FIRST_NOTE : OTHER_NOTE);
    }

    /** The accepted request with its amount replaced by a raw JSON token. */
    public String bodyWithAmount(String accountId, String amountToken) {
        if (!carriesAmount()) {
            throw new IllegalStateException(this + " carries no amount");
        }
        return fill(accountId, amountToken, FIRST_NOTE);
    }

    /** Brings {@code accountId}, a fresh id, to a state in which {@link #body} is accepted. */
    public void prepare(CommandApi api, String accountId) {
        switch (this) {
            case OPEN -> {
                // the account must not exist yet
            }
            case REPAY -> {
                api.open(accountId, PREPARED_LIMIT);
                api.borrow(accountId, PREPARED_OUTSTANDING);
            }
            case UNFREEZE -> {
                api.open(accountId, PREPARED_LIMIT);
                api.freeze(accountId);
            }
            default -> api.open(accountId, PREPARED_LIMIT);
        }
    }

    public Reply send(CommandApi api, String accountId, String key) {
        return send(api, accountId, key, body(accountId));
    }

    public Reply send(CommandApi api, String accountId, String key, String body) {
        return api.send(method, path(accountId), key, MediaType.APPLICATION_JSON, body);
    }

    private String fill(String accountId, String amountToken, String note) {
        String body = template.replace(ACCOUNT, accountId).replace(NOTE, note);
        return amountToken == null ? body : body.replace(AMOUNT, amountToken);
    }
}
