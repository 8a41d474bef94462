// The description this local runtime serves, with its own URL as the server to try requests against.
window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });
