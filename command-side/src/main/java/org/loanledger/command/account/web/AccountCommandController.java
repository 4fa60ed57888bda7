package org.loanledger.command.account.web;

import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import org.loanledger.command.account.AccountCommandDispatcher;
import org.loanledger.command.web.IdempotencyKeys;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.ChangeCreditLimitCommand;
import org.loanledger.shared.account.CloseAccountCommand;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.account.UnfreezeAccountCommand;
import org.loanledger.shared.integrity.Canonical;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The command API of API.md. Every mutating request carries an {@code Idempotency-Key}, which travels into the
 * command as its {@code requestId}; the account itself remembers it, so a retried request has no second effect.
 * The authenticated caller's name is recorded as the actor of every event the command causes.
 */
@RestController
@RequestMapping(path = "/api/accounts", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class AccountCommandController {

    private final AccountCommandDispatcher dispatcher;

    public AccountCommandController(AccountCommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<AccountResponses.AccountView>> open(Principal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody AccountRequests.OpenAccount request) {
        String requestId = IdempotencyKeys.require(key);
        String accountId = request.accountId() != null ? request.accountId() : derivedAccountId(request.customerId(), requestId);
        var command = new OpenAccountCommand(accountId, request.customerId(), request.currency(),
                AccountRequests.amount(request.creditLimit()), requestId);
        return dispatcher.send(command, caller.getName()).map(outcome -> ResponseEntity
                .created(URI.create("/api/accounts/" + outcome.accountId()))
                .body(AccountResponses.AccountView.of(outcome)));
    }

    @PostMapping(path = "/{accountId}/borrowings", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<AccountResponses.Borrowed>> borrow(
            @PathVariable String accountId, Principal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody AccountRequests.Borrow request) {
        var command = new BorrowCommand(AccountRequests.requireAccountId(accountId), AccountRequests.amount(request.amount()),
                request.currency(), request.termDays(), request.channel(), IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(outcome -> ResponseEntity.status(201).body(AccountResponses.Borrowed.of(outcome)));
    }

    @PostMapping(path = "/{accountId}/repayments", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AccountResponses.Repaid> repay(
            @PathVariable String accountId, Principal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody AccountRequests.Repay request) {
        var command = new RepayCommand(AccountRequests.requireAccountId(accountId), AccountRequests.amount(request.amount()), request.currency(),
                IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(AccountResponses.Repaid::of);
    }

    @PostMapping(path = "/{accountId}/freeze", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AccountResponses.AccountView> freeze(
            @PathVariable String accountId, Principal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody AccountRequests.Reason request) {
        var command = new FreezeAccountCommand(AccountRequests.requireAccountId(accountId), request.reasonCode(), request.note(),
                IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(AccountResponses.AccountView::of);
    }

    @PostMapping(path = "/{accountId}/unfreeze", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AccountResponses.AccountView> unfreeze(
            @PathVariable String accountId, Principal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody AccountRequests.Reason request) {
        var command = new UnfreezeAccountCommand(AccountRequests.requireAccountId(accountId), request.reasonCode(), request.note(),
                IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(AccountResponses.AccountView::of);
    }

    @PutMapping(path = "/{accountId}/credit-limit", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AccountResponses.AccountView> changeCreditLimit(
            @PathVariable String accountId, Principal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody AccountRequests.CreditLimit request) {
        var command = new ChangeCreditLimitCommand(AccountRequests.requireAccountId(accountId), AccountRequests.amount(request.creditLimit()),
                request.currency(), request.reasonCode(), request.note(), IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(AccountResponses.AccountView::of);
    }

    @PostMapping(path = "/{accountId}/close", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AccountResponses.AccountView> close(
            @PathVariable String accountId, Principal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
            @Valid @RequestBody AccountRequests.Reason request) {
        var command = new CloseAccountCommand(AccountRequests.requireAccountId(accountId), request.reasonCode(), request.note(),
                IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(AccountResponses.AccountView::of);
    }

    /**
     * An account opened without an id gets one derived from its customer and the idempotency key, so a retried
     * open lands on the same account instead of opening a second one.
     */
    static String derivedAccountId(String customerId, String requestId) {
        return "acc-" + Canonical.sha256(customerId + '\n' + requestId).substring(0, 24);
    }
}
