package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {

    @TempDir
    Path dir;

    @Test
    void readWhenShortFormIntrinsicsThenReadsThemAsTheLongForm() throws IOException {
        Path file = write("""
                Globals:
                  Function:
                    Environment:
                      Variables:
                        TABLE_NAME: !Ref Table
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      KeySchema: [{AttributeName: pk, KeyType: HASH}]
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      Environment:
                        Variables:
                          ARN: !GetAtt Table.Arn
                      Events:
                        Get:
                          Type: HttpApi
                          Properties: {Method: get, Path: "/things/{id}"}
                        Default:
                          Type: HttpApi
                          Properties: {ApiId: !Ref Api}
                """);

        SamTemplate template = SamTemplate.read(file);

        SamTemplate.Function function = template.function("Fn").orElseThrow();
        assertEquals("a.B::handleRequest", function.handler());
        assertEquals(Map.of("Ref", "Table"), function.environment().get("TABLE_NAME"));
        assertEquals(Map.of("Fn::GetAtt", "Table.Arn"), function.environment().get("ARN"));
        assertEquals(new SamTemplate.Route("Fn", "GET", "/things/{id}"), function.routes().get(0));
        assertEquals(new SamTemplate.Route("Fn", "ANY", "$default"), function.routes().get(1));
    }

    @Test
    void readWhenNotATemplateThenSaysSo() throws IOException {
        Path file = write("just: text\n");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SamTemplate.read(file));

        assertTrue(error.getMessage().contains("no Resources"), error.getMessage());
    }

    @Test
    void readWhenFileMissingThenSaysWhich() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SamTemplate.read(dir.resolve("nope.yaml")));

        assertTrue(error.getMessage().contains("nope.yaml"), error.getMessage());
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, text);
        return file;
    }
}
