// Generated from workers/app-type.ts (why: see there) by tests/unit/client-app-type.test.ts; do not edit.
// Rewrite: npx vitest run --project node tests/unit/client-app-type.test.ts -u
import type { HonoBase } from "hono/hono-base";
import type { BlankEnv } from "hono/types";
export declare const appRoutes: HonoBase<
  BlankEnv,
  | import("hono/types").BlankSchema
  | import("hono/types").MergeSchemaPath<
      {
        "/": {
          $get: {
            output: {
              ok: boolean;
              services: {
                mysql: "down" | "up";
                redis: "down" | "up";
              };
              online: {
                users: number;
                sockets: number;
              };
              time: string;
            };
            outputFormat: "json";
            status: 200 | 503;
            input: {};
          };
        };
      },
      "/v1/status"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/": {
          $get: {
            output: {};
            outputFormat: string;
            status: import("hono/utils/http-status").StatusCode;
            input: {};
          };
        };
      },
      "/v1/ws"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/messages": {
          $get: {
            output: {
              hits: (
                | {
                    kind: "direct";
                    messageId: string;
                    peerId: number;
                    seq: number;
                    from: number;
                    body: string;
                    file?:
                      | {
                          id: string;
                          name: string;
                          size: number;
                          mime:
                            | "application/pdf"
                            | "application/zip"
                            | "audio/mp4"
                            | "audio/mpeg"
                            | "audio/ogg"
                            | "audio/wav"
                            | "audio/webm"
                            | "image/gif"
                            | "image/jpeg"
                            | "image/png"
                            | "image/webp"
                            | "text/plain";
                          sha256: string;
                          width?: number | undefined;
                          height?: number | undefined;
                          thumbnailId?: string | undefined;
                        }
                      | undefined;
                    sentAt: string;
                    editedAt?: string | undefined;
                  }
                | {
                    kind: "group";
                    messageId: string;
                    groupId: string;
                    seq: number;
                    from: number;
                    body: string;
                    file?:
                      | {
                          id: string;
                          name: string;
                          size: number;
                          mime:
                            | "application/pdf"
                            | "application/zip"
                            | "audio/mp4"
                            | "audio/mpeg"
                            | "audio/ogg"
                            | "audio/wav"
                            | "audio/webm"
                            | "image/gif"
                            | "image/jpeg"
                            | "image/png"
                            | "image/webp"
                            | "text/plain";
                          sha256: string;
                          width?: number | undefined;
                          height?: number | undefined;
                          thumbnailId?: string | undefined;
                        }
                      | undefined;
                    sentAt: string;
                    editedAt?: string | undefined;
                  }
              )[];
              nextCursor: string | null;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              query: {
                q: string | string[];
                limit?: string | string[] | undefined;
                cursor?: string | undefined;
              };
            };
          };
        };
      },
      "/v1/search"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/stats": {
          $get: {
            output: {
              counters: {
                [x: string]: number;
              };
              queues: {
                objects: number;
                outbox: number;
                mysqlBacklog: number;
                unackedEvents: number;
                deepest: {
                  uid: number;
                  depth: number;
                } | null;
              };
              time: string;
              online: {
                users: number;
                sockets: number;
              };
              user?:
                | {
                    uid: number | undefined;
                  }
                | undefined;
              group?:
                | {
                    groupId: string | undefined;
                    created: boolean;
                    outbox: number;
                    mysqlBacklog: number;
                    cost?:
                      | {
                          [x: string]: number;
                        }
                      | undefined;
                  }
                | undefined;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              query: {
                uid?: string | string[] | undefined;
                group?: string | undefined;
              };
            };
          };
        };
      },
      "/v1/admin"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/": {
          $get: {
            output: {
              conversations: {
                peerId: number;
                conversation: string;
                lastMessage: {
                  messageId: string;
                  conversation: string;
                  seq: number;
                  from: number;
                  to: number;
                  clientMsgId: string;
                  body: string | null;
                  file?:
                    | {
                        id: string;
                        name: string;
                        size: number;
                        mime:
                          | "application/pdf"
                          | "application/zip"
                          | "audio/mp4"
                          | "audio/mpeg"
                          | "audio/ogg"
                          | "audio/wav"
                          | "audio/webm"
                          | "image/gif"
                          | "image/jpeg"
                          | "image/png"
                          | "image/webp"
                          | "text/plain";
                        sha256: string;
                        width?: number | undefined;
                        height?: number | undefined;
                        thumbnailId?: string | undefined;
                      }
                    | undefined;
                  status: "delivered" | "read" | "recalled" | "sent";
                  sentAt: string;
                  deliveredAt: string | null;
                  readAt: string | null;
                  recalledAt: string | null;
                  editedAt?: string | undefined;
                };
                unread: number;
              }[];
              groups: {
                groupId: string;
                name: string;
                unread: number;
                mentions: number;
                lastSeq: number;
                muted: boolean;
                role: "admin" | "member" | "owner";
                readSeq: number;
                lastMessage: {
                  messageId: string;
                  seq: number;
                  from: number;
                  body: string | null;
                  file?:
                    | {
                        id: string;
                        name: string;
                        size: number;
                        mime:
                          | "application/pdf"
                          | "application/zip"
                          | "audio/mp4"
                          | "audio/mpeg"
                          | "audio/ogg"
                          | "audio/wav"
                          | "audio/webm"
                          | "image/gif"
                          | "image/jpeg"
                          | "image/png"
                          | "image/webp"
                          | "text/plain";
                        sha256: string;
                        width?: number | undefined;
                        height?: number | undefined;
                        thumbnailId?: string | undefined;
                      }
                    | undefined;
                  sentAt: string;
                  editedAt?: string | undefined;
                } | null;
              }[];
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {};
          };
        };
      } & {
        "/:peerId/messages": {
          $get: {
            output: {
              messages: {
                messageId: string;
                conversation: string;
                seq: number;
                from: number;
                to: number;
                clientMsgId: string;
                body: string | null;
                file?:
                  | {
                      id: string;
                      name: string;
                      size: number;
                      mime:
                        | "application/pdf"
                        | "application/zip"
                        | "audio/mp4"
                        | "audio/mpeg"
                        | "audio/ogg"
                        | "audio/wav"
                        | "audio/webm"
                        | "image/gif"
                        | "image/jpeg"
                        | "image/png"
                        | "image/webp"
                        | "text/plain";
                      sha256: string;
                      width?: number | undefined;
                      height?: number | undefined;
                      thumbnailId?: string | undefined;
                    }
                  | undefined;
                status: "delivered" | "read" | "recalled" | "sent";
                sentAt: string;
                deliveredAt: string | null;
                readAt: string | null;
                recalledAt: string | null;
                editedAt?: string | undefined;
              }[];
              nextBefore: number | null;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                peerId: string;
              };
            } & {
              query: {
                before?: string | string[] | undefined;
                limit?: string | string[] | undefined;
              };
            };
          };
        };
      },
      "/v1/conversations"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/search": {
          $get: {
            output: {
              users: {
                id: number;
                username: string;
                nickname: string;
                avatarUrl: string | null;
                bio: string;
              }[];
              nextCursor: string | null;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              query: {
                q: string | string[];
                limit?: string | string[] | undefined;
                cursor?: string | undefined;
              };
            };
          };
        };
      } & {
        "/": {
          $get: {
            output: {
              users: {
                id: number;
                username: string;
                nickname: string;
                avatarUrl: string | null;
                bio: string;
              }[];
              deleted: number[];
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              query: {
                ids: string;
              };
            };
          };
        };
      },
      "/v1/users"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/": {
          $get: {
            output: {
              groups: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
                role: "admin" | "member" | "owner";
                muted: boolean;
                unread: number;
                mentions: number;
              }[];
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {};
          };
        };
      } & {
        "/:id/mute": {
          $put: {
            output: {
              groupId: string;
              muted: boolean;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                muted: boolean;
              };
            } & {
              param: {
                id: string;
              };
            };
          };
        };
      },
      "/v1/groups"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/openapi.json": {
          $get: {
            output: string;
            outputFormat: "body";
            status: 200;
            input: {};
          };
        };
      } & {
        "/protocol.schema.json": {
          $get: {
            output: string;
            outputFormat: "body";
            status: 200;
            input: {};
          };
        };
      },
      "/v1"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/": {
          $get: {
            output: {
              user: {
                id: number;
                username: string;
                email: string;
                nickname: string;
                avatarUrl: string | null;
                bio: string;
                sex: "female" | "male" | "other" | "unknown";
                createdAt: string;
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {};
          };
        };
      } & {
        "/export": {
          $get: {
            output: ReadableStream<Uint8Array<ArrayBufferLike>>;
            outputFormat: "body";
            status: 200;
            input: {};
          };
        };
      } & {
        "/delete": {
          $post: {
            output: {
              deleted: true;
              removed: {
                friendships: number;
                friendRequests: number;
                blocks: number;
                groupsLeft: number;
                files: number;
                sessions: number;
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                password: string;
              };
            };
          };
        };
      },
      "/v1/me"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/": {
          $post: {
            output: {
              block: {
                user: {
                  id: number;
                  username: string;
                  nickname: string;
                  avatarUrl: string | null;
                  bio: string;
                };
                blockedAt: string;
              };
            };
            outputFormat: "json";
            status: 201;
            input: {
              json: {
                uid: number;
              };
            };
          };
        };
      } & {
        "/": {
          $get: {
            output: {
              blocks: {
                user: {
                  id: number;
                  username: string;
                  nickname: string;
                  avatarUrl: string | null;
                  bio: string;
                };
                blockedAt: string;
              }[];
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {};
          };
        };
      } & {
        "/:uid": {
          $delete: {
            output: {
              ok: true;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                uid: string;
              };
            };
          };
        };
      },
      "/v1/blocks"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/": {
          $post: {
            output: {
              file: {
                id: string;
                name: string;
                size: number;
                mime:
                  | "application/pdf"
                  | "application/zip"
                  | "audio/mp4"
                  | "audio/mpeg"
                  | "audio/ogg"
                  | "audio/wav"
                  | "audio/webm"
                  | "image/gif"
                  | "image/jpeg"
                  | "image/png"
                  | "image/webp"
                  | "text/plain";
                sha256: string;
                width?: number | undefined;
                height?: number | undefined;
                thumbnailId?: string | undefined;
              };
            };
            outputFormat: "json";
            status: 201;
            input: {
              query: {
                name: string;
                thumbnailOf?: string | undefined;
              };
            };
          };
        };
      } & {
        "/:id/url": {
          $get: {
            output: {
              url: string;
              expiresAt: string;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            } & {
              query: {
                in?: string | undefined;
              };
            };
          };
        };
      } & {
        "/:id": {
          $get: {
            output: {};
            outputFormat: string;
            status: import("hono/utils/http-status").StatusCode;
            input: {
              param: {
                id: string;
              };
            } & {
              query: {
                in?: string | undefined;
                exp?: string | undefined;
                sig?: string | undefined;
              };
            };
          };
        };
      },
      "/v1/files"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/get_test": {
          $get: {
            output: {
              error: 0;
              message: string;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {};
          };
        };
      } & {
        "/get_code": {
          $post:
            | {
                output: {
                  error: 0;
                };
                outputFormat: "json";
                status: import("hono/utils/http-status").ContentfulStatusCode;
                input: {};
              }
            | {
                output: {
                  error: number;
                  code:
                    | "ADMIN_DISABLED"
                    | "ALREADY_FRIENDS"
                    | "CANNOT_FRIEND_SELF"
                    | "CLIENT_IP_UNKNOWN"
                    | "CODE_ATTEMPTS_EXCEEDED"
                    | "CODE_COOLDOWN"
                    | "CODE_EXPIRED"
                    | "CODE_INVALID"
                    | "CONVERSATION_NOT_FOUND"
                    | "DATABASE_UNAVAILABLE"
                    | "EMAIL_TAKEN"
                    | "EVENTS_UNAVAILABLE"
                    | "FILE_NOT_FOUND"
                    | "FILE_QUOTA_EXCEEDED"
                    | "FILE_TYPE_NOT_ALLOWED"
                    | "FORBIDDEN"
                    | "GROUP_FORBIDDEN"
                    | "GROUP_FULL"
                    | "GROUP_NOT_FOUND"
                    | "INTERNAL"
                    | "INVALID_CREDENTIALS"
                    | "INVALID_JSON"
                    | "INVITE_INVALID"
                    | "MAIL_FAILED"
                    | "NOT_FOUND"
                    | "NOT_FRIENDS"
                    | "OBJECT_UNAVAILABLE"
                    | "PAYLOAD_TOO_LARGE"
                    | "QUERY_TOO_SHORT"
                    | "RANGE_NOT_SATISFIABLE"
                    | "RATE_LIMITED"
                    | "REDIS_UNAVAILABLE"
                    | "REQUEST_EXISTS"
                    | "REQUEST_NOT_FOUND"
                    | "TOKEN_EXPIRED"
                    | "TOKEN_INVALID"
                    | "TOKEN_REVOKED"
                    | "UNAUTHORIZED"
                    | "USERNAME_TAKEN"
                    | "USER_NOT_FOUND"
                    | "VALIDATION_FAILED"
                    | "WEAK_PASSWORD";
                  message: string;
                };
                outputFormat: "json";
                status: import("hono/utils/http-status").ContentfulStatusCode;
                input: {};
              };
        };
      } & {
        "/user_register": {
          $post:
            | {
                output: {
                  error: 0;
                };
                outputFormat: "json";
                status: import("hono/utils/http-status").ContentfulStatusCode;
                input: {};
              }
            | {
                output: {
                  error: number;
                  code:
                    | "ADMIN_DISABLED"
                    | "ALREADY_FRIENDS"
                    | "CANNOT_FRIEND_SELF"
                    | "CLIENT_IP_UNKNOWN"
                    | "CODE_ATTEMPTS_EXCEEDED"
                    | "CODE_COOLDOWN"
                    | "CODE_EXPIRED"
                    | "CODE_INVALID"
                    | "CONVERSATION_NOT_FOUND"
                    | "DATABASE_UNAVAILABLE"
                    | "EMAIL_TAKEN"
                    | "EVENTS_UNAVAILABLE"
                    | "FILE_NOT_FOUND"
                    | "FILE_QUOTA_EXCEEDED"
                    | "FILE_TYPE_NOT_ALLOWED"
                    | "FORBIDDEN"
                    | "GROUP_FORBIDDEN"
                    | "GROUP_FULL"
                    | "GROUP_NOT_FOUND"
                    | "INTERNAL"
                    | "INVALID_CREDENTIALS"
                    | "INVALID_JSON"
                    | "INVITE_INVALID"
                    | "MAIL_FAILED"
                    | "NOT_FOUND"
                    | "NOT_FRIENDS"
                    | "OBJECT_UNAVAILABLE"
                    | "PAYLOAD_TOO_LARGE"
                    | "QUERY_TOO_SHORT"
                    | "RANGE_NOT_SATISFIABLE"
                    | "RATE_LIMITED"
                    | "REDIS_UNAVAILABLE"
                    | "REQUEST_EXISTS"
                    | "REQUEST_NOT_FOUND"
                    | "TOKEN_EXPIRED"
                    | "TOKEN_INVALID"
                    | "TOKEN_REVOKED"
                    | "UNAUTHORIZED"
                    | "USERNAME_TAKEN"
                    | "USER_NOT_FOUND"
                    | "VALIDATION_FAILED"
                    | "WEAK_PASSWORD";
                  message: string;
                };
                outputFormat: "json";
                status: import("hono/utils/http-status").ContentfulStatusCode;
                input: {};
              };
        };
      } & {
        "/reset_pwd": {
          $post:
            | {
                output: {
                  error: 0;
                };
                outputFormat: "json";
                status: import("hono/utils/http-status").ContentfulStatusCode;
                input: {};
              }
            | {
                output: {
                  error: number;
                  code:
                    | "ADMIN_DISABLED"
                    | "ALREADY_FRIENDS"
                    | "CANNOT_FRIEND_SELF"
                    | "CLIENT_IP_UNKNOWN"
                    | "CODE_ATTEMPTS_EXCEEDED"
                    | "CODE_COOLDOWN"
                    | "CODE_EXPIRED"
                    | "CODE_INVALID"
                    | "CONVERSATION_NOT_FOUND"
                    | "DATABASE_UNAVAILABLE"
                    | "EMAIL_TAKEN"
                    | "EVENTS_UNAVAILABLE"
                    | "FILE_NOT_FOUND"
                    | "FILE_QUOTA_EXCEEDED"
                    | "FILE_TYPE_NOT_ALLOWED"
                    | "FORBIDDEN"
                    | "GROUP_FORBIDDEN"
                    | "GROUP_FULL"
                    | "GROUP_NOT_FOUND"
                    | "INTERNAL"
                    | "INVALID_CREDENTIALS"
                    | "INVALID_JSON"
                    | "INVITE_INVALID"
                    | "MAIL_FAILED"
                    | "NOT_FOUND"
                    | "NOT_FRIENDS"
                    | "OBJECT_UNAVAILABLE"
                    | "PAYLOAD_TOO_LARGE"
                    | "QUERY_TOO_SHORT"
                    | "RANGE_NOT_SATISFIABLE"
                    | "RATE_LIMITED"
                    | "REDIS_UNAVAILABLE"
                    | "REQUEST_EXISTS"
                    | "REQUEST_NOT_FOUND"
                    | "TOKEN_EXPIRED"
                    | "TOKEN_INVALID"
                    | "TOKEN_REVOKED"
                    | "UNAUTHORIZED"
                    | "USERNAME_TAKEN"
                    | "USER_NOT_FOUND"
                    | "VALIDATION_FAILED"
                    | "WEAK_PASSWORD";
                  message: string;
                };
                outputFormat: "json";
                status: import("hono/utils/http-status").ContentfulStatusCode;
                input: {};
              };
        };
      } & {
        "/user_login": {
          $post:
            | {
                output: {
                  error: 0;
                };
                outputFormat: "json";
                status: import("hono/utils/http-status").ContentfulStatusCode;
                input: {};
              }
            | {
                output: {
                  error: number;
                  code:
                    | "ADMIN_DISABLED"
                    | "ALREADY_FRIENDS"
                    | "CANNOT_FRIEND_SELF"
                    | "CLIENT_IP_UNKNOWN"
                    | "CODE_ATTEMPTS_EXCEEDED"
                    | "CODE_COOLDOWN"
                    | "CODE_EXPIRED"
                    | "CODE_INVALID"
                    | "CONVERSATION_NOT_FOUND"
                    | "DATABASE_UNAVAILABLE"
                    | "EMAIL_TAKEN"
                    | "EVENTS_UNAVAILABLE"
                    | "FILE_NOT_FOUND"
                    | "FILE_QUOTA_EXCEEDED"
                    | "FILE_TYPE_NOT_ALLOWED"
                    | "FORBIDDEN"
                    | "GROUP_FORBIDDEN"
                    | "GROUP_FULL"
                    | "GROUP_NOT_FOUND"
                    | "INTERNAL"
                    | "INVALID_CREDENTIALS"
                    | "INVALID_JSON"
                    | "INVITE_INVALID"
                    | "MAIL_FAILED"
                    | "NOT_FOUND"
                    | "NOT_FRIENDS"
                    | "OBJECT_UNAVAILABLE"
                    | "PAYLOAD_TOO_LARGE"
                    | "QUERY_TOO_SHORT"
                    | "RANGE_NOT_SATISFIABLE"
                    | "RATE_LIMITED"
                    | "REDIS_UNAVAILABLE"
                    | "REQUEST_EXISTS"
                    | "REQUEST_NOT_FOUND"
                    | "TOKEN_EXPIRED"
                    | "TOKEN_INVALID"
                    | "TOKEN_REVOKED"
                    | "UNAUTHORIZED"
                    | "USERNAME_TAKEN"
                    | "USER_NOT_FOUND"
                    | "VALIDATION_FAILED"
                    | "WEAK_PASSWORD";
                  message: string;
                };
                outputFormat: "json";
                status: import("hono/utils/http-status").ContentfulStatusCode;
                input: {};
              };
        };
      },
      "/"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/code": {
          $post: {
            output: {
              ok: true;
              expiresIn: number;
              cooldown: number;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                email: string;
                purpose: "register" | "reset";
              };
            };
          };
        };
      } & {
        "/register": {
          $post: {
            output: {
              user: {
                id: number;
                username: string;
                email: string;
                nickname: string;
                avatarUrl: string | null;
                bio: string;
                sex: "female" | "male" | "other" | "unknown";
                createdAt: string;
              };
            };
            outputFormat: "json";
            status: 201;
            input: {
              json: {
                username: string;
                email: string;
                password: string;
                code: string;
              };
            };
          };
        };
      } & {
        "/login": {
          $post: {
            output: {
              token: string;
              expiresAt: string;
              refreshToken: string;
              refreshExpiresAt: string;
              user: {
                id: number;
                username: string;
                email: string;
                nickname: string;
                avatarUrl: string | null;
                bio: string;
                sex: "female" | "male" | "other" | "unknown";
                createdAt: string;
              };
              chat: {
                url: string;
                shard: string;
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                login: string;
                password: string;
              };
            };
          };
        };
      } & {
        "/refresh": {
          $post: {
            output: {
              token: string;
              expiresAt: string;
              refreshToken: string;
              refreshExpiresAt: string;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                refreshToken: string;
              };
            };
          };
        };
      } & {
        "/reset": {
          $post: {
            output: {
              revokedSessions: number;
              ok: true;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                email: string;
                code: string;
                password: string;
              };
            };
          };
        };
      } & {
        "/logout": {
          $post: {
            output: {
              ok: true;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {};
          };
        };
      },
      "/v1/auth"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/requests": {
          $post: {
            output:
              | {
                  request: {
                    id: number;
                    from: {
                      id: number;
                      username: string;
                      nickname: string;
                      avatarUrl: string | null;
                      bio: string;
                    };
                    to: {
                      id: number;
                      username: string;
                      nickname: string;
                      avatarUrl: string | null;
                      bio: string;
                    };
                    message: string;
                    status: "accepted" | "cancelled" | "pending" | "rejected";
                    createdAt: string;
                  };
                }
              | {
                  friend: {
                    id: number;
                    username: string;
                    nickname: string;
                    avatarUrl: string | null;
                    bio: string;
                    alias: string;
                    presence: "busy" | "offline" | "online";
                  };
                  mutual: true;
                };
            outputFormat: "json";
            status: 200 | 201;
            input: {
              json: {
                to: number;
                message?: string | undefined;
              };
            };
          };
        };
      } & {
        "/requests": {
          $get: {
            output: {
              incoming: {
                id: number;
                from: {
                  id: number;
                  username: string;
                  nickname: string;
                  avatarUrl: string | null;
                  bio: string;
                };
                to: {
                  id: number;
                  username: string;
                  nickname: string;
                  avatarUrl: string | null;
                  bio: string;
                };
                message: string;
                status: "accepted" | "cancelled" | "pending" | "rejected";
                createdAt: string;
              }[];
              outgoing: {
                id: number;
                from: {
                  id: number;
                  username: string;
                  nickname: string;
                  avatarUrl: string | null;
                  bio: string;
                };
                to: {
                  id: number;
                  username: string;
                  nickname: string;
                  avatarUrl: string | null;
                  bio: string;
                };
                message: string;
                status: "accepted" | "cancelled" | "pending" | "rejected";
                createdAt: string;
              }[];
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {};
          };
        };
      } & {
        "/requests/:id/accept": {
          $post: {
            output: {
              friend: {
                id: number;
                username: string;
                nickname: string;
                avatarUrl: string | null;
                bio: string;
                alias: string;
                presence: "busy" | "offline" | "online";
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            } & {
              json: {
                alias?: string | undefined;
              };
            };
          };
        };
      } & {
        "/requests/:id/reject": {
          $post: {
            output: {
              ok: true;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/": {
          $get: {
            output: {
              friends: {
                id: number;
                username: string;
                nickname: string;
                avatarUrl: string | null;
                bio: string;
                alias: string;
                presence: "busy" | "offline" | "online";
              }[];
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {};
          };
        };
      } & {
        "/:id": {
          $patch: {
            output: {
              friend: {
                id: number;
                username: string;
                nickname: string;
                avatarUrl: string | null;
                bio: string;
                alias: string;
                presence: "busy" | "offline" | "online";
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            } & {
              json: {
                alias: string;
              };
            };
          };
        };
      } & {
        "/:id": {
          $delete: {
            output: {
              ok: true;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            };
          };
        };
      },
      "/v1/friends"
    >
  | import("hono/types").MergeSchemaPath<
      {
        "/": {
          $post: {
            output: {
              group: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
              };
              role: "owner";
            };
            outputFormat: "json";
            status: 201;
            input: {
              json: {
                name: string;
                topic?: string | undefined;
                avatarUrl?: string | null | undefined;
                members?: number[] | undefined;
                membersCanInvite?: boolean | undefined;
              };
            };
          };
        };
      } & {
        "/join": {
          $post: {
            output: {
              group: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
              };
              role: "admin" | "member" | "owner";
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                token: string;
              };
            };
          };
        };
      } & {
        "/:id": {
          $get: {
            output: {
              group: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
              };
              role: "admin" | "member" | "owner";
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id": {
          $patch: {
            output: {
              group: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                name?: string | undefined;
                topic?: string | undefined;
                avatarUrl?: string | null | undefined;
                membersCanInvite?: boolean | undefined;
              };
            } & {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id": {
          $delete: {
            output: {
              ok: true;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id/members": {
          $get: {
            output: {
              members: {
                uid: number;
                role: "admin" | "member" | "owner";
                joinedAt: string;
                joinedAfterSeq: number;
              }[];
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id/members": {
          $post: {
            output: {
              group: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                uids: number[];
              };
            } & {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id/members/:uid": {
          $delete: {
            output: {
              group: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                uid: string;
              };
            };
          };
        };
      } & {
        "/:id/leave": {
          $post: {
            output: {
              ok: true;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id/members/:uid": {
          $patch: {
            output: {
              group: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                uid: string;
              };
            } & {
              json: {
                role: "admin" | "member";
              };
            };
          };
        };
      } & {
        "/:id/owner": {
          $post: {
            output: {
              group: {
                groupId: string;
                name: string;
                topic: string;
                avatarUrl: string | null;
                ownerId: number;
                memberCount: number;
                membersCanInvite: boolean;
                lastSeq: number;
                createdAt: string;
              };
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              json: {
                to: number;
              };
            } & {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id/invites": {
          $post: {
            output: {
              token: string;
              expiresAt: string;
            };
            outputFormat: "json";
            status: 201;
            input: {
              json: {
                ttlSeconds?: number | undefined;
              };
            } & {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id/invites/:token": {
          $delete: {
            output: {
              ok: true;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              param: {
                id: string;
              } & {
                token: string;
              };
            };
          };
        };
      } & {
        "/:id/messages": {
          $get: {
            output: {
              entries: {
                seq: number;
                kind: "change" | "message";
                messageId: string | null;
                from: number;
                body: string | null;
                mentions: number[];
                mentionsAll: boolean;
                change:
                  | {
                      kind: "created";
                      name: string;
                    }
                  | {
                      kind: "renamed";
                      name: string;
                    }
                  | {
                      kind: "topic";
                      topic: string;
                    }
                  | {
                      kind: "avatar";
                      avatarUrl: string | null;
                    }
                  | {
                      kind: "settings";
                      membersCanInvite: boolean;
                    }
                  | {
                      kind: "members_added";
                      uids: number[];
                    }
                  | {
                      kind: "joined_by_link";
                      uid: number;
                    }
                  | {
                      kind: "left";
                      uid: number;
                    }
                  | {
                      kind: "removed";
                      uid: number;
                    }
                  | {
                      kind: "role";
                      uid: number;
                      role: "admin" | "member";
                    }
                  | {
                      kind: "owner";
                      uid: number;
                      previous: number;
                    }
                  | {
                      kind: "dissolved";
                    }
                  | null;
                file?:
                  | {
                      id: string;
                      name: string;
                      size: number;
                      mime:
                        | "application/pdf"
                        | "application/zip"
                        | "audio/mp4"
                        | "audio/mpeg"
                        | "audio/ogg"
                        | "audio/wav"
                        | "audio/webm"
                        | "image/gif"
                        | "image/jpeg"
                        | "image/png"
                        | "image/webp"
                        | "text/plain";
                      sha256: string;
                      width?: number | undefined;
                      height?: number | undefined;
                      thumbnailId?: string | undefined;
                    }
                  | undefined;
                sentAt: string;
                recalledAt: string | null;
                editedAt?: string | undefined;
              }[];
              nextBefore: number | null;
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              query: {
                before?: string | string[] | undefined;
                limit?: string | string[] | undefined;
              };
            } & {
              param: {
                id: string;
              };
            };
          };
        };
      } & {
        "/:id/receipts": {
          $get: {
            output: {
              members: number;
              counts: {
                seq: number;
                deliveredTo: number;
                readBy: number;
              }[];
            };
            outputFormat: "json";
            status: import("hono/utils/http-status").ContentfulStatusCode;
            input: {
              query: {
                seqs: string;
              };
            } & {
              param: {
                id: string;
              };
            };
          };
        };
      },
      "/v1/groups"
    >,
  "/",
  "*"
>;
export type AppType = typeof appRoutes;
