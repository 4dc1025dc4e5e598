// PUT /notes/{id}: stores the note and queues it for indexing.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

const db = new DynamoDBClient({});
const sqs = new SQSClient({});

export async function handler(event) {
  const owner = event.requestContext.authorizer.jwt.claims.sub;
  const id = event.pathParameters.id;
  await db.send(new PutItemCommand({ TableName: process.env.NOTES_TABLE, Item: { owner: { S: owner }, note_id: { S: id }, body: { S: event.body ?? '' } } }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.NOTE_EVENTS_QUEUE_URL, MessageBody: JSON.stringify({ owner, id }) }));
  return { statusCode: 204 };
}
