/**
 * The data-sharing platform (nền tảng tích hợp, chia sẻ dữ liệu; issue 14, Decree 47/2020/NĐ-CP), after X-Road: a
 * catalogue of the ministry's information systems and the services they offer, each field classified; credentials
 * for systems (OAuth 2.0 client credentials); agreements by which a provider's owner lets a consumer system call a
 * service, for some fields, at some rate, until some date; and the mediator {@code /x/{provider}/{service}/**}, which
 * authenticates the consumer, checks the agreement, the zone and the rate, forwards, filters the answer to the agreed
 * fields and writes the message log. docs/exchange.md.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "files", "signing", "core", "runtime"})
package vn.truongson.exchange;

import org.jspecify.annotations.NullMarked;
