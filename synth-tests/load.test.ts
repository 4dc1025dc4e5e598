import { loadBlueprint } from '../src/load';

test('the reference blueprints load', () => {
  expect(loadBlueprint('blueprints/web-app.yaml').blueprint.name).toBe('web-app');
});
