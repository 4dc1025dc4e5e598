// GET /notes/{id}: one of the caller's notes.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const db = new DynamoDBClient({});

export async function handler(event) {
  const owner = event.requestContext.authorizer.jwt.claims.sub;
  const out = await db.send(new GetItemCommand({ TableName: process.env.NOTES_TABLE, Key: { owner: { S: owner }, note_id: { S: event.pathParameters.id } } }));
  if (!out.Item) return { statusCode: 404, body: 'not found' };
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(out.Item) };
}
