package dev.tandem.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: Tandem's description, and every error response documented as an RFC 9457
 * problem. Which errors an operation can answer follows from its shape: every operation can be
 * refused as malformed (400), unauthenticated (401) or forbidden (403), or fail (500); one with names in its path can name nothing (404); one
 * that writes can conflict (409) or break a platform rule (422); one with a body can get the wrong
 * media type (415).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

  static final String PROBLEM = "application/problem+json";

  @Bean
  OpenAPI tandemOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("Tandem")
            .version("v1")
            .description("Several containerized GlusterFS pools on one set of hosts, under one Heketi,"
                + " each addressed by pool name. Errors are RFC 9457 problems."))
        .servers(java.util.List.of(new io.swagger.v3.oas.models.servers.Server().url("/")
            .description("This Tandem")))
        .components(new Components().addSchemas("Problem", problemSchema())
            .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("A client's name and secret (the bootstrap client is admin)"))
            .addSecuritySchemes("heketiJwt", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("Heketi-style HS256 JWT: iss = client name, key = its secret,"
                    + " qsh = hex SHA-256 of METHOD&path")))
        .addSecurityItem(new SecurityRequirement().addList("basic"))
        .addSecurityItem(new SecurityRequirement().addList("heketiJwt"));
  }

  @Bean
  OpenApiCustomizer problemResponses() {
    return api -> api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
      boolean named = path.contains("{");
      boolean writes = method != PathItem.HttpMethod.GET;
      boolean body = operation.getRequestBody() != null;
      add(operation, "400", "The request is malformed or a field is invalid");
      add(operation, "401", "No valid credential");
      add(operation, "403", "The client's role or pools do not allow this");
      if (named) {
        add(operation, "404", "The path names nothing");
      }
      if (writes) {
        add(operation, "409", "The request conflicts with the inventory");
        add(operation, "422", "The request breaks a platform rule");
      }
      if (body) {
        add(operation, "415", "The body is neither JSON nor YAML");
      }
      add(operation, "500", "Tandem failed; the cause is in its log");
    }));
  }

  private static void add(Operation operation, String status, String description) {
    operation.getResponses().putIfAbsent(status, new ApiResponse()
        .description(description)
        .content(new Content().addMediaType(PROBLEM,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
  }

  @SuppressWarnings("rawtypes")
  private static Schema problemSchema() {
    ObjectSchema error = new ObjectSchema();
    error.setProperties(new java.util.LinkedHashMap<>(Map.<String, Schema>of(
        "field", new StringSchema().description("Path of the field at fault, e.g. pools[1].members[0].ip"),
        "message", new StringSchema().description("What is wrong"),
        "fix", new StringSchema().description("How to fix it"),
        "line", new IntegerSchema().description("Line of the fault in the body, when known"),
        "column", new IntegerSchema().description("Column of the fault in the body, when known"))));
    ObjectSchema problem = new ObjectSchema();
    problem.description("An RFC 9457 problem");
    problem.setProperties(new java.util.LinkedHashMap<>(Map.<String, Schema>of(
        "type", new StringSchema().description("Stable problem type, e.g. urn:tandem:problem:conflict"),
        "title", new StringSchema(),
        "status", new IntegerSchema(),
        "detail", new StringSchema(),
        "instance", new StringSchema(),
        "errors", new ArraySchema().items(error))));
    return problem;
  }
}
