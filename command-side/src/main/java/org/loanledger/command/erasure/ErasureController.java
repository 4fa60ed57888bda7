package org.loanledger.command.erasure;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.loanledger.command.account.AccountCommandDispatcher;
import org.loanledger.command.account.web.AccountRequests;
import org.loanledger.command.web.IdempotencyKeys;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.EraseCustomerDataCommand;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.shared.personal.PersonalKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Erases a customer's personal data: deletes their keys, then records {@code PersonalDataErased} on each of their
 * accounts. The keys go first: if recording fails part way, the data is already unreadable and a retry (same
 * {@code Idempotency-Key}) records what is missing. Asking again is always safe; each request deletes whatever keys
 * the customer has at that moment (text recorded after an earlier erasure included).
 */
@RestController
public class ErasureController {

    private final ObjectProvider<CustomerAccounts> customerAccounts;
    private final PersonalKeys keys;
    private final AccountCommandDispatcher dispatcher;

    public ErasureController(ObjectProvider<CustomerAccounts> customerAccounts, PersonalKeys keys,
                             AccountCommandDispatcher dispatcher) {
        this.customerAccounts = customerAccounts;
        this.keys = keys;
        this.dispatcher = dispatcher;
    }

    public record ErasedAccount(String accountId, long version) {
    }

    /**
     * @param keysDeleted how many of the customer's keys this request deleted (0 when an earlier one already had)
     */
    public record Erasure(String customerId, int keysDeleted, List<ErasedAccount> accounts) {
    }

    /** Answers 202, as API.md has it: the erasure is recorded, and the query side shows it once it has read it. */
    @PostMapping(path = "/api/customers/{customerId}/erasure",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Erasure> erase(@PathVariable String customerId, Principal caller,
                               @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key) {
        AccountRequests.requireId("customerId", customerId);
        String requestId = IdempotencyKeys.require(key);
        CustomerAccounts accounts = customerAccounts.getIfAvailable();
        if (accounts == null) {
            throw new ResponseStatusException(HttpStatus.NOT_IMPLEMENTED,
                    "erasure needs the embedded event store to find the customer's accounts");
        }
        return Mono.fromCallable(() -> accounts.of(customerId)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.error(new CommandRefusedException(RefusalCode.CUSTOMER_NOT_FOUND, null,
                                "the ledger has no account of customer " + customerId,
                                Map.of("customerId", customerId)));
                    }
                    return Mono.fromCallable(() -> keys.erase(customerId)).subscribeOn(Schedulers.boundedElastic())
                            .flatMap(deleted -> Flux.fromIterable(found)
                                    .concatMap(accountId -> dispatcher.send(
                                            new EraseCustomerDataCommand(accountId, customerId, requestId),
                                            caller.getName()))
                                    .map(outcome -> new ErasedAccount(outcome.accountId(), outcome.version()))
                                    .collectList()
                                    .map(erased -> new Erasure(customerId, deleted, erased)));
                });
    }
}
