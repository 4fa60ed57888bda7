package org.loanledger.command.risk;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.loanledger.command.account.AccountCommandDispatcher;
import org.loanledger.command.account.web.AccountRequests;
import org.loanledger.command.account.web.AccountResponses;
import org.loanledger.command.web.IdempotencyKeys;
import org.loanledger.shared.account.RecordCreditScoreCommand;
import org.loanledger.shared.account.RecordRiskSignalCommand;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Intake of credit scores and external risk signals. Each is recorded with its provenance first; the active risk
 * policy then acts on it in the same command, so the answer may already show a restriction.
 */
@RestController
@RequestMapping(path = "/api/accounts/{accountId}", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class RiskIntakeController {

    private final AccountCommandDispatcher dispatcher;

    public RiskIntakeController(AccountCommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public record CreditScore(@NotNull @Pattern(regexp = AccountRequests.ID, message = AccountRequests.ID_MESSAGE) String modelVersion,
                              @NotNull @Min(0) @Max(1000) Integer score,
                              @Size(max = 10) List<@NotNull @Pattern(regexp = AccountRequests.ID, message = AccountRequests.ID_MESSAGE) String> factors,
                              LocalDate dataDate) {
    }

    public record RiskSignal(@NotNull @Pattern(regexp = "^[A-Z][A-Z0-9_]{0,39}$", message = "must be an upper-case code such as LOGIN_ANOMALY") String type,
                             @NotNull @Pattern(regexp = "^(LOW|MEDIUM|HIGH)$", message = "must be LOW, MEDIUM or HIGH") String severity,
                             @NotNull @Pattern(regexp = AccountRequests.ID, message = AccountRequests.ID_MESSAGE) String source,
                             @NotNull Instant observedAt) {
    }

    @PostMapping(path = "/credit-scores", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AccountResponses.AccountView> creditScore(@PathVariable String accountId, Principal caller,
                                                          @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
                                                          @Valid @RequestBody CreditScore request) {
        var command = new RecordCreditScoreCommand(AccountRequests.requireAccountId(accountId), request.modelVersion(),
                request.score(), request.factors() == null ? List.of() : request.factors(), request.dataDate(),
                IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(AccountResponses.AccountView::of);
    }

    @PostMapping(path = "/risk-signals", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AccountResponses.AccountView> riskSignal(@PathVariable String accountId, Principal caller,
                                                         @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
                                                         @Valid @RequestBody RiskSignal request) {
        var command = new RecordRiskSignalCommand(AccountRequests.requireAccountId(accountId), request.type(),
                request.severity(), request.source(), request.observedAt(), IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(AccountResponses.AccountView::of);
    }
}
