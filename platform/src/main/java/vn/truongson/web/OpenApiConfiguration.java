package vn.truongson.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The public API contract v1 (API.md), described at /v3/api-docs and browsable at /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI truongSonOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Trường Sơn API").version("v1")
                        .description("Nền tảng Chính phủ điện tử Bộ Quốc phòng. Lấy token: POST /api/v1/auth/token; "
                                + "gửi kèm Authorization: Bearer <accessToken>. Lỗi theo RFC 9457, ngôn ngữ theo Accept-Language (vi, en)."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
