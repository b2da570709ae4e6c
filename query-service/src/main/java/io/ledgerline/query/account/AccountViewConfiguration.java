package io.ledgerline.query.account;

import io.ledgerline.query.QueryProperties;
import io.ledgerline.query.http.AnswerWriter;
import io.ledgerline.query.http.DirectReadFilter;
import io.ledgerline.query.http.ReadModels;
import io.ledgerline.query.http.Waits;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The account view's read, shared by {@link AccountController} and the filter that answers a plain
 * {@code GET /api/accounts/{id}} before Spring MVC (ADR 0042; {@code ledgerline.reads.direct=false} turns it off).
 */
@Configuration(proxyBeanMethods = false)
class AccountViewConfiguration {

    @Bean
    AccountViewRead accountViewRead(Waits waits) {
        return new AccountViewRead(waits);
    }

    @Bean
    FilterRegistrationBean<DirectReadFilter> accountViewFilter(AccountViewRead views, ReadModels reads,
            AnswerWriter writer, QueryProperties properties) {
        FilterRegistrationBean<DirectReadFilter> registration = new FilterRegistrationBean<>(new DirectReadFilter(
                AccountController.PATH, AccountProjector.STORE, views::now, reads, writer));
        registration.setOrder(DirectReadFilter.ORDER);
        registration.setUrlPatterns(List.of("/api/accounts/*"));
        registration.setEnabled(properties.reads().direct());
        return registration;
    }
}
